/**
 * The structure of a FIM document to steps and fields. XDatenfelder nests Datenfeldgruppen in
 * Strukturen with an Anzahl (multiplicity); the form has pages with fields and repeatable groups:
 *
 * - a top-level Datenfeldgruppe is a step; one that repeats (Anzahl max > 1) is a step holding a
 *   repeatable group field;
 * - a nested Datenfeldgruppe that repeats is a group field; one that does not is flattened into the
 *   step (its heading is noted as unmapped, its help text joins the step intro);
 * - Datenfelder directly in the schema go to a step named after the schema, one per run of them;
 * - an optional group (Anzahl 0:…) or an Auswahlgruppe cannot make its fields "all or none" or
 *   "one of": its fields are imported as optional, which the report notes.
 */
import type { Field, FormDefinition, Localized, Step } from '../definition/types.ts';
import { isRepeatable, parseCardinality } from './cardinality.ts';
import type { Cardinality } from './cardinality.ts';
import type { FimChild, FimDocument, FimField, FimGroup, FimSchema } from './fim-model.ts';
import { IdAllocator } from './id-allocator.ts';
import type { MappingNotes } from './import-report.ts';
import { localized, mapField, skipRule } from './map-field.ts';
import type { FieldContext } from './map-field.ts';

/** Where mapped fields and static texts go: a step, or the item of a repeatable group. */
type Container = { fields: Field[]; texts: string[] };

/** The declaration FIM does not model; a plain statement of truthfulness (cf. § 3a VwVfG). */
export const defaultDeclaration = {
  text: {
    de: 'Ich versichere, dass meine Angaben richtig und vollständig sind. Mir ist bekannt, dass falsche Angaben rechtliche Folgen haben können.',
    en: 'I confirm that the information I have given is correct and complete. I understand that giving false information can have legal consequences.',
  },
  confirmLabel: { de: 'Ich bestätige diese Erklärung.', en: 'I confirm this declaration.' },
} as const satisfies FormDefinition['declaration'];

export function mapDefinition(document: FimDocument, notes: MappingNotes): FormDefinition {
  const { root } = document;
  const ids = new IdAllocator();
  const title = localized(root.label ?? root.name ?? root.id);
  const mapper = new StructureMapper(ids, notes);

  const children: FimChild[] = root.kind === 'field' ? [{ cardinality: '1:1', element: root }] : root.children;
  if (root.kind !== 'field') mapper.skipRules(root);
  const optional = root.kind === 'group' && mapper.noteChoice(root);
  const steps = mapper.steps(children, root, title, optional);
  if (steps.length === 0) {
    notes.generate(root.path, 'one empty step: the file has no elements to ask for');
    steps.push({ id: ids.take(`step_${root.id}`), title, fields: [] });
  }
  notes.generate(root.path, 'declaration: a standard statement of truthfulness (FIM has none)');

  return {
    formatVersion: 1,
    id: `fim-${root.id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'schema'}`,
    title,
    // A lone Datenfeld (0104) keeps its help text at the field.
    ...(root.help === undefined || root.kind === 'field' ? {} : { intro: localized(root.help) }),
    steps,
    declaration: structuredClone(defaultDeclaration),
    source: {
      kind: document.standard === 2 ? 'fim-xdatenfelder-2' : 'fim-xdatenfelder-3',
      id: root.id,
      ...(root.version === undefined ? {} : { version: root.version }),
    },
  };
}

class StructureMapper {
  private readonly ids: IdAllocator;
  private readonly notes: MappingNotes;

  constructor(ids: IdAllocator, notes: MappingNotes) {
    this.ids = ids;
    this.notes = notes;
  }

  /** Steps from the root's Strukturen; `optional` when the root itself is an Auswahlgruppe (message 0103). */
  steps(children: readonly FimChild[], root: FimSchema | FimGroup | FimField, title: Localized, optional: boolean): Step[] {
    const steps: Step[] = [];
    let loose: (Container & { stepId: string }) | undefined;
    const flushLoose = (): void => {
      if (loose) steps.push(this.finishStep(loose.stepId, title, undefined, loose));
      loose = undefined;
    };
    for (const child of children) {
      const cardinality = this.cardinality(child);
      if (child.element.kind === 'group') {
        flushLoose();
        steps.push(this.groupStep(child.element, cardinality, optional));
      } else {
        loose ??= { stepId: this.ids.take(`step_${root.id}`), fields: [], texts: [] };
        this.addField(loose, child, cardinality, optional);
      }
    }
    flushLoose();
    return steps;
  }

  skipRules(element: FimSchema | FimGroup): void {
    for (const rule of element.rules) skipRule(rule, this.notes);
  }

  private groupStep(group: FimGroup, cardinality: Cardinality, outerOptional: boolean): Step {
    const stepId = this.ids.take(`step_${group.id}`);
    const title = localized(group.label ?? group.name ?? group.id);
    const container: Container = { fields: [], texts: [] };
    if (isRepeatable(cardinality)) {
      const field = this.groupField(group, cardinality, outerOptional);
      if (field) container.fields.push(field);
      return this.finishStep(stepId, title, undefined, container);
    }
    this.skipRules(group);
    const optional = this.noteOptional(group, cardinality) || outerOptional;
    this.flatten(container, group, optional);
    return this.finishStep(stepId, title, group.help, container);
  }

  private finishStep(id: string, title: Localized, help: string | undefined, container: Container): Step {
    const intro = [help, ...container.texts].filter((text): text is string => text !== undefined).join('\n\n');
    return { id, title, ...(intro === '' ? {} : { intro: localized(intro) }), fields: container.fields };
  }

  /** Puts the group's members into the container, nested groups flattened unless they repeat. */
  private flatten(container: Container, group: FimGroup, optional: boolean): void {
    for (const child of group.children) {
      const cardinality = this.cardinality(child);
      const element = child.element;
      if (element.kind === 'field') {
        this.addField(container, child, cardinality, optional);
      } else if (isRepeatable(cardinality)) {
        const field = this.groupField(element, cardinality, optional);
        if (field) container.fields.push(field);
      } else {
        this.skipRules(element);
        this.notes.skip(element.path, `heading "${element.label ?? element.name ?? element.id}" of the nested group ${element.id}`, 'the format has no headings inside a step: its fields follow the others');
        if (element.help !== undefined) container.texts.push(element.help);
        this.flatten(container, element, this.noteOptional(element, cardinality) || optional);
      }
    }
  }

  /** A repeatable Datenfeldgruppe as a group field; undefined when none of its members could be mapped. */
  private groupField(group: FimGroup, cardinality: Cardinality, optional: boolean): Field | undefined {
    const id = this.ids.take(group.id);
    this.skipRules(group);
    const inner: Container = { fields: [], texts: [] };
    this.flatten(inner, group, this.noteChoice(group));
    if (inner.fields.length === 0) {
      this.notes.skip(group.path, `Datenfeldgruppe ${group.id}`, 'none of its members could be imported, so the repeatable group is left out');
      return undefined;
    }
    const label = localized(group.label ?? group.name ?? group.id);
    const help = [group.help, ...inner.texts].filter((text): text is string => text !== undefined).join('\n\n');
    return {
      id,
      type: 'group',
      label,
      ...(help === '' ? {} : { help: localized(help) }),
      ...(cardinality.min >= 1 && !optional ? { required: true, minItems: cardinality.min } : {}),
      ...(cardinality.max === undefined ? {} : { maxItems: cardinality.max }),
      itemLabel: label,
      fields: inner.fields,
    };
  }

  private addField(container: Container, child: FimChild, cardinality: Cardinality, optional: boolean): void {
    if (child.element.kind !== 'field') return;
    const context: FieldContext = { ids: this.ids, notes: this.notes, optional };
    const mapped = mapField(child.element, cardinality, context);
    if (mapped.kind === 'field') container.fields.push(mapped.field);
    if (mapped.kind === 'text') {
      if (container.fields.length > 0) {
        this.notes.skip(child.element.path, `position of the static text ${child.element.id}`, 'static texts (Feldart label) are shown above the fields of their step or group');
      }
      container.texts.push(mapped.text);
    }
  }

  /** Anzahl as min:max; a missing or malformed one is read as 0:1 (optional, once). */
  private cardinality(child: FimChild): Cardinality {
    const parsed = child.cardinality === undefined ? undefined : parseCardinality(child.cardinality);
    if (parsed && (parsed.max === undefined || parsed.min <= parsed.max)) return parsed;
    this.notes.skip(child.element.path, `Anzahl "${child.cardinality ?? ''}" of ${child.element.id}`, 'not a valid multiplicity min:max (FIM messages 1021, 1046, 1047): read as 0:1');
    return { min: 0, max: 1 };
  }

  private noteOptional(group: FimGroup, cardinality: Cardinality): boolean {
    const choice = this.noteChoice(group);
    if (cardinality.min === 0) {
      this.notes.skip(group.path, `Anzahl ${cardinality.min}:${cardinality.max ?? '*'} of the group ${group.id}`, 'the format cannot say "fill all of these or none": the group\'s fields are imported as optional');
    }
    return choice || cardinality.min === 0;
  }

  noteChoice(group: FimGroup): boolean {
    if (group.groupType !== 'X') return false;
    this.notes.skip(group.path, `Auswahlgruppe ${group.id} (Gruppenart X)`, 'exactly one member is to be filled; the format has no choice group: all members are imported as optional — add conditions by hand');
    return true;
  }
}
