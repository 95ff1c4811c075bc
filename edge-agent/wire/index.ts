// The edge wire contract: what the agent and the central's client share, and nothing else. The
// headroom.edge.v1 proto, its message types, the client and server constructors built from it, SAN
// identity, and certificate loading with reload. A leaf: it imports node built-ins, @grpc/* and the
// error-code module only (biome.json holds that), so either side can change without pulling in the other.
export { allowedIdentity, sanIdentities } from './identity.js';
export { EDGE_PROTO_FILE, edgeAgentService, newEdgeAgentClient, protoRoot } from './proto.js';
export {
  certificateProvider,
  ReloadingTlsFiles,
  readTlsMaterial,
  type TlsMaterial,
  type TlsPaths,
} from './tls-files.js';
export * from './types.js';
