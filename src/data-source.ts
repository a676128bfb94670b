/** The DataSource of the TypeORM CLI (`npm run migration:*`); the app builds the same options. */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './config/index.js';
import { buildDataSourceOptions } from './database.js';

export default new DataSource(buildDataSourceOptions(loadConfig()));
