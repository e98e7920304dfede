/** Inference: a value of a record that the source documents do not state, with why it is there. */
import { builder } from '../../builder.ts';
import type { InferenceRecord } from '../../store/records.ts';

export const InferenceRef = builder.objectRef<InferenceRecord>('Inference');

InferenceRef.implement({
  description:
    "A value of this record that none of the five source documents states: knowledge from outside them (a full name where they give only a surname, a party's proper name) or a reading of them they do not spell out (an order, a year). Every other value of the record is the documents'.",
  fields: (t) => ({
    field: t.exposeString('field', {
      description: 'The field of the record the inferred value is in, as named in this schema (e.g. "name", "alternateNames", "order", "year").',
    }),
    value: t.exposeString('value', {
      nullable: true,
      description: 'The inferred value itself, for a list field (one alternate name of several) or to be precise; null when the whole field is inferred.',
    }),
    note: t.exposeString('note', { description: 'What the documents say, and what was added to it or read from it.' }),
  }),
});

/** Field options for `inferences` on a type whose record has a list of them. */
export function inferencesField<T extends { inferences: InferenceRecord[] }>(what: string) {
  return {
    type: [InferenceRef] as [typeof InferenceRef],
    description: `Values of this ${what} that the source documents do not state, each with a note; empty when every value is the documents'.`,
    resolve: (record: T) => record.inferences,
  };
}
