export {
  type RedisTestServer,
  type StartRedisServerOptions,
  startRedisServer,
} from './start-redis-server.js';
