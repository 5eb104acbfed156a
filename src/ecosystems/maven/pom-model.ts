import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { childElement, childList, childText, parseXmlDocument, type XmlNode } from "./xml-document.js";

/** A `<dependency>` as written, before interpolation and management. */
export interface DeclaredDependency {
  groupId?: string;
  artifactId?: string;
  version?: string;
  scope?: string;
  type?: string;
  classifier?: string;
  optional?: string;
  line?: number;
}

/** The parts of one pom.xml that decide which dependencies a build uses, as written. */
export interface PomModel {
  groupId?: string;
  artifactId?: string;
  version?: string;
  parent?: { groupId?: string; artifactId?: string; version?: string; relativePath?: string; line?: number };
  properties: Map<string, string>;
  dependencies: DeclaredDependency[];
  managed: DeclaredDependency[];
}

/**
 * Reads a pom.xml's coordinates, parent, properties, dependencies and dependencyManagement, merging in the
 * profiles that are active by default (the only activation a file alone decides). Build plugins' own
 * dependencies are not the project's and are not read. Throws ExtractError for invalid XML or a document
 * whose root is not `<project>`.
 */
export function readPom(text: string): PomModel {
  // XML reads CR LF and a lone CR as LF (XML 1.0, 2.11), so lines are counted on the normalised text
  const { root, lineOf } = parseXmlDocument(normalizeLineBreaks(text), "pom.xml");
  const project = root.project;
  if (typeof project !== "object" || project === null || Array.isArray(project)) {
    if (project === "") return { properties: new Map(), dependencies: [], managed: [] };
    throw new ExtractError("not a Maven POM (no <project> root element)", {
      hint: "check that the file is a Maven pom.xml",
    });
  }
  const readDependencies = (owner: XmlNode | undefined) =>
    childList(childElement(owner, "dependencies"), "dependency").map((d) => readDependency(d, lineOf(d)));

  const parentNode = childElement(project, "parent");
  const model: PomModel = {
    groupId: childText(project, "groupId"),
    artifactId: childText(project, "artifactId"),
    version: childText(project, "version"),
    parent: parentNode && {
      groupId: childText(parentNode, "groupId"),
      artifactId: childText(parentNode, "artifactId"),
      version: childText(parentNode, "version"),
      relativePath: childText(parentNode, "relativePath"),
      line: lineOf(parentNode),
    },
    properties: readProperties(childElement(project, "properties")),
    dependencies: readDependencies(project),
    managed: readDependencies(childElement(project, "dependencyManagement")),
  };
  for (const profile of childList(childElement(project, "profiles"), "profile")) {
    if (childText(childElement(profile, "activation"), "activeByDefault") !== "true") continue;
    for (const [k, v] of readProperties(childElement(profile, "properties"))) model.properties.set(k, v);
    model.dependencies.push(...readDependencies(profile));
    model.managed.push(...readDependencies(childElement(profile, "dependencyManagement")));
  }
  return model;
}

function readDependency(node: XmlNode, line: number | undefined): DeclaredDependency {
  const field = (name: string) => childText(node, name)?.trim();
  return {
    groupId: field("groupId"),
    artifactId: field("artifactId"),
    version: field("version"),
    scope: field("scope"),
    type: field("type"),
    classifier: field("classifier"),
    optional: field("optional"),
    line,
  };
}

function readProperties(node: Record<string, XmlNode | XmlNode[]> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of Object.keys(node ?? {})) {
    const value = childText(node, name);
    if (value !== undefined) out.set(name, value);
  }
  return out;
}
