import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const EDGE_PROTO_FILE = 'headroom/edge/v1/edge.proto';

/**
 * The folder of the .proto, found from this module, not the working directory, so the agent runs from
 * anywhere: beside it when run from the sources (edge-agent/wire/), in the package's edge-agent/wire/
 * when compiled (dist/edge-agent/wire/: tsc does not copy the .proto). The leaf reads no project config.
 */
export function protoRoot(): string {
  const candidates = [
    new URL('./proto/', import.meta.url),
    new URL('../../../edge-agent/wire/proto/', import.meta.url),
  ];
  const found = candidates.find((dir) => existsSync(new URL(EDGE_PROTO_FILE, dir)));
  if (!found)
    throw new Error(`${EDGE_PROTO_FILE} not found in ${candidates.map((c) => fileURLToPath(c)).join(' or ')}`);
  return fileURLToPath(found);
}

let cached: grpc.GrpcObject | undefined;

function loadPackage(): grpc.GrpcObject {
  if (!cached) {
    const definition = protoLoader.loadSync(EDGE_PROTO_FILE, {
      includeDirs: [protoRoot()],
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
