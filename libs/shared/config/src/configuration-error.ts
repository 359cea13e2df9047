/** Configuration that cannot work: the message is the one line the operator reads. */
export class ConfigurationError extends Error {}
