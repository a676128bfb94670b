import { Global, Inject, Module, type DynamicModule } from '@nestjs/common';
import { loadConfig, type AppConfigValues } from './config.js';

export const APP_CONFIG = Symbol('APP_CONFIG');
/** Parameter decorator: `constructor(@InjectConfig() config: AppConfigValues)`. */
export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);

@Global()
@Module({})
export class ConfigModule {
  static forRoot(values: AppConfigValues = loadConfig()): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: values }], exports: [APP_CONFIG] };
  }
}
