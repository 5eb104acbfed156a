import type {
  EpssScore,
  EpssScores,
  ExploitDataStatus,
  ExploitDataStore,
  ExploitFacts,
  KevCatalogue,
  KevEntry,
} from "./exploit-data.js";

/** An ExploitDataStore in memory: for tests and for a server without persistence. */
export class MemoryExploitStore implements ExploitDataStore {
  private kev = new Map<string, KevEntry>();
  private epss = new Map<string, EpssScore>();
  private state: ExploitDataStatus = {};

  async replaceKev(catalogue: KevCatalogue, importedAt: Date) {
    const previous = this.state.kev?.catalogVersion;
    this.kev = new Map(catalogue.entries.map((e) => [e.cveID.toUpperCase(), e]));
    this.state = {
      ...this.state,
      kev: {
        catalogVersion: catalogue.catalogVersion,
        dateReleased: catalogue.dateReleased,
        entries: this.kev.size,
        importedAt: importedAt.toISOString(),
      },
    };
    return { entries: this.kev.size, ...(previous ? { previous } : {}) };
  }

  async replaceEpss(scores: EpssScores, importedAt: Date) {
    const previous = this.state.epss?.scoreDate;
    this.epss = new Map(scores.scores.map((s) => [s.cve.toUpperCase(), s]));
    this.state = {
      ...this.state,
      epss: {
        modelVersion: scores.modelVersion,
        scoreDate: scores.scoreDate,
        scores: this.epss.size,
        importedAt: importedAt.toISOString(),
      },
    };
    return { scores: this.epss.size, ...(previous ? { previous } : {}) };
  }

  async lookup(ids: Iterable<string>): Promise<ExploitFacts> {
    const kev = new Map<string, KevEntry>();
    const epss = new Map<string, EpssScore>();
    for (const raw of ids) {
      const id = raw.trim().toUpperCase();
      const entry = this.kev.get(id);
      if (entry) kev.set(id, entry);
      const score = this.epss.get(id);
      if (score) epss.set(id, score);
    }
    return { kev, epss, status: structuredClone(this.state) };
  }

  async kevIds(): Promise<string[]> {
    return [...this.kev.keys()].sort();
  }

  async status(): Promise<ExploitDataStatus> {
    return structuredClone(this.state);
  }

  async close(): Promise<void> {}
}
