// VEX says the same things in two vocabularies: OpenVEX's statuses and justifications, and CycloneDX's analysis
// states and justifications. These are the one mapping between them, used by every reader and writer.

/** OpenVEX justification -> CycloneDX analysis justification. */
export const CYCLONEDX_JUSTIFICATION_OF: Readonly<Record<string, string>> = {
  component_not_present: "code_not_present",
  vulnerable_code_not_present: "code_not_present",
  vulnerable_code_not_in_execute_path: "code_not_reachable",
  vulnerable_code_cannot_be_controlled_by_adversary: "requires_environment",
  inline_mitigations_already_exist: "protected_by_mitigating_control",
};

/** CycloneDX analysis justification -> OpenVEX justification. */
export const OPENVEX_JUSTIFICATION_OF: Readonly<Record<string, string>> = {
  code_not_present: "vulnerable_code_not_present",
  code_not_reachable: "vulnerable_code_not_in_execute_path",
  requires_configuration: "vulnerable_code_cannot_be_controlled_by_adversary",
  requires_dependency: "vulnerable_code_cannot_be_controlled_by_adversary",
  requires_environment: "vulnerable_code_cannot_be_controlled_by_adversary",
  protected_by_compiler: "inline_mitigations_already_exist",
  protected_at_runtime: "inline_mitigations_already_exist",
  protected_at_perimeter: "inline_mitigations_already_exist",
  protected_by_mitigating_control: "inline_mitigations_already_exist",
};

/** A justification in CycloneDX's words, whichever vocabulary it was given in. */
export function cycloneDxJustification(justification: string): string | undefined {
  return OPENVEX_JUSTIFICATION_OF[justification] ? justification : CYCLONEDX_JUSTIFICATION_OF[justification];
}

/** A justification in OpenVEX's words, whichever vocabulary it was given in. */
export function openVexJustification(justification: string): string | undefined {
  return CYCLONEDX_JUSTIFICATION_OF[justification] ? justification : OPENVEX_JUSTIFICATION_OF[justification];
}
