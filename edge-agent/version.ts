/** Reported in every Check; bump with the proto package when the wire contract changes. */
export const EDGE_AGENT_VERSION = '0.1.0';
