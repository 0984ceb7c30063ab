// `@ticketing/common/rules`: the input rules alone, with no server dependency, for the client's forms.
export * from './validators/ticket-rules';
export * from './validators/user-rules';
