/** Client errors: GraphQLErrors pass Yoga's error masking unchanged, with a code. */
import { GraphQLError } from 'graphql';

/** A mistake in the client's arguments, named in the message with the limit or allowed values. */
export function badInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) },
  });
}
