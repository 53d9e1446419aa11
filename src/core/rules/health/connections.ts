// SL511: client connections close to max_connections: the next ones are refused (superusers keep
// a few reserved slots).
import { defineRule } from '../rule';
import { formatPercent } from './shared';

export const connectionsNearMax = defineRule('SL511', 'health', 'warning', 'Connections near max_connections',
  'When client connections reach max_connections the next ones are refused; a connection pooler (or a smaller pool per application instance) helps more than a higher limit, which costs memory per connection.', (context, emit) => {
  const connections = context.health?.facts.connections;
  if (!connections) return;
  const share = connections.used / connections.max;
  if (share * 100 < context.health!.thresholds.connectionsUsedPercent) return;
  emit({
    message: `${connections.used} of max_connections ${connections.max} client connections are in use (${formatPercent(share)}; ${connections.reserved} more are kept for superusers): new connections are refused when none is left.`,
    schema: '',
    table: '',
  });
});
