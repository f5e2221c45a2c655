import type { Logger } from '../log/logger.js';
import type { Store } from '../../data/store/store.js';
import type { Employee } from '../../data/repositories/employees.js';
import type { ChatRequest } from './chat-request.js';
import type { Reply } from './reply.js';

export type ChatContext = {
  store: Store;
  log: Logger;
  /** The registered employee behind the Teams user today, or null (resolved once per turn, on first use). */
  asker(): Promise<Employee | null>;
};

/** One entry in the route table: the first route whose `matches` is true handles the message. */
export type ChatRoute = {
  name: string;
  matches(request: ChatRequest): boolean;
  handle(request: ChatRequest, context: ChatContext): Reply[] | Promise<Reply[]>;
};
