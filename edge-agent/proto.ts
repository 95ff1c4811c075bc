import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { packageFile } from '../tools/config/package-root.js';

// Resolved from the package, not the working directory, so the agent runs from anywhere.
const PROTO_ROOT = packageFile('edge-agent/proto/');
export const EDGE_PROTO_FILE = 'headroom/edge/v1/edge.proto';

let cached: grpc.GrpcObject | undefined;

function loadPackage(): grpc.GrpcObject {
  if (!cached) {
    const definition = protoLoader.loadSync(EDGE_PROTO_FILE, {
      includeDirs: [PROTO_ROOT],
      keepCase: false,
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    cached = grpc.loadPackageDefinition(definition);
  }
  return cached;
}

type EdgeClientConstructor = grpc.ServiceClientConstructor;

function edgeAgentConstructor(): EdgeClientConstructor {
  const pkg = loadPackage() as unknown as { headroom: { edge: { v1: { EdgeAgent: EdgeClientConstructor } } } };
  return pkg.headroom.edge.v1.EdgeAgent;
}

/** The `headroom.edge.v1.EdgeAgent` service definition, for the agent's server. */
export function edgeAgentService(): grpc.ServiceDefinition {
  return edgeAgentConstructor().service;
}

/** A raw client of `headroom.edge.v1.EdgeAgent`; callers wrap it (see tools/edge/client.ts). */
export function newEdgeAgentClient(
  target: string,
  credentials: grpc.ChannelCredentials,
  options: grpc.ChannelOptions = {},
): grpc.Client {
  const Ctor = edgeAgentConstructor();
  return new Ctor(target, credentials, options);
}
