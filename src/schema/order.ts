/** Shared pieces of the list fields: sort direction and order inputs. */
import { builder } from '../builder.ts';

export const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Sort direction.',
  values: {
    ASC: { description: 'Ascending: A to Z, earliest first, smallest first.' },
    DESC: { description: 'Descending: Z to A, latest first, largest first.' },
  } as const,
});

/**
 * Declares `<Name>Order` ({ field, direction }) over an order-field enum
 * whose values have their own descriptions.
 */
export function defineOrder<F extends string>(name: string, what: string, fields: Record<F, string>) {
  const field = builder.enumType(`${name}OrderField`, {
    description: `What to sort ${what} by.`,
    values: Object.fromEntries(Object.entries(fields).map(([key, description]) => [key, { description }])) as Record<F, { description: string }>,
  });
  return builder.inputType(`${name}Order`, {
    description: `How to sort ${what}.`,
    fields: (t) => ({
      field: t.field({ type: field, required: true, description: 'The value to sort by.' }),
      direction: t.field({ type: OrderDirection, required: true, description: 'Ascending or descending.' }),
    }),
  });
}
