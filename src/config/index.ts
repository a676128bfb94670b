export { loadConfig, ConfigError, renderEnvExample, type AppConfigValues } from './config.js';
export { ConfigModule, InjectConfig, APP_CONFIG } from './config.module.js';
export { parseDuration } from './duration.js';
