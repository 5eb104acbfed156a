import { type Static, Type } from "typebox";

/**
 * CISA's published JSON schema of the Known Exploited Vulnerabilities catalogue
 * (cisagov/kev-data `known_exploited_vulnerabilities_schema.json`, draft-07), transcribed: the same required
 * fields, patterns and formats. Like the original it allows fields it does not name, so a catalogue that
 * gains a field still reads. kev-schema.test.ts checks the transcription against the published file.
 */

const Text = Type.String();
const Day = Type.String({ format: "date" });

/** One exploited vulnerability of the catalogue. */
export const KevVulnerabilitySchema = Type.Object({
  cveID: Type.String({ pattern: "^CVE-[0-9]{4}-[0-9]{4,19}$" }),
  vendorProject: Text,
  product: Text,
  vulnerabilityName: Text,
  dateAdded: Day,
  shortDescription: Text,
  requiredAction: Text,
  dueDate: Day,
  knownRansomwareCampaignUse: Type.Optional(Text),
  notes: Type.Optional(Text),
  cwes: Type.Optional(Type.Array(Type.String({ pattern: "^CWE-([0-9])+$" }))),
});

/** The whole catalogue. */
export const KevCatalogueSchema = Type.Object({
  title: Type.Optional(Text),
  catalogVersion: Text,
  dateReleased: Type.String({ format: "date-time" }),
  count: Type.Integer(),
  vulnerabilities: Type.Array(KevVulnerabilitySchema),
});

/** A catalogue entry as CISA publishes it. */
export type KevVulnerability = Static<typeof KevVulnerabilitySchema>;
/** The catalogue as CISA publishes it. */
export type KevCatalogueDocument = Static<typeof KevCatalogueSchema>;
