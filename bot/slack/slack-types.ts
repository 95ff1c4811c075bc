import type { types, webApi } from '@slack/bolt';

// Slack's types through Bolt (the one Slack package the project depends on directly).
export type KnownBlock = types.KnownBlock;
export type View = types.View;
export type ModalView = types.ModalView;
export type Button = types.Button;
export type WebClient = webApi.WebClient;
