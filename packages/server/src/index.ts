export { type AppDeps, buildApp } from './app.js';
export { ConfigError, type ServerOptions } from './config/server-config.js';
export { type RunningServer, startServer } from './start-server.js';
