/**
 * Bot Framework clients kept across turns. botbuilder makes a new ConnectorClient and a new UserTokenClient (each
 * with an HTTP pipeline of a dozen policies) for every turn: about 0.08 ms of CPU, some 5 % of a lookup turn. A client
 * holds no per-turn state (its credentials fetch and cache their own tokens), so one per key (app id, audience,
 * serviceUrl) serves them all, as botbuilder's older BotFrameworkAdapter did. Bounded: least recently used first out,
 * and a failed creation is not kept.
 */
export class ClientCache<Client> {
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(private readonly limit = 64) {}

  get(key: string, create: () => Promise<Client>): Promise<Client> {
    let client = this.clients.get(key);
    if (client) {
      this.clients.delete(key);
      this.clients.set(key, client);
      return client;
    }
    client = create();
    this.clients.set(key, client);
    client.catch(() => {
      if (this.clients.get(key) === client) this.clients.delete(key);
    });
    if (this.clients.size > this.limit) this.clients.delete(this.clients.keys().next().value!);
    return client;
  }

  get size(): number {
    return this.clients.size;
  }
}
