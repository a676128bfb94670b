/** Who may call the resource routes, and the OpenAPI pieces they share. */
import { ApiParam } from '@nestjs/swagger';
import { ALL_STAFF, MANAGERS } from '../../../common/auth/index.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { READ_SCOPES, WRITE_SCOPES } from '../staff-access.js';

/** Everyone at the store reads its resources; owners and its managers change them (the services check the store). */
export const READ = { roles: ALL_STAFF, scopes: READ_SCOPES };
export const WRITE = { roles: MANAGERS, scopes: WRITE_SCOPES };

export const ResourceIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The resource', example: '7c9e1a3b-5d7f-4b9d-8e1a-3c5e7a9b1d24' });
export const ResourceNotFound = () => ApiProblem(404, 'resource.not_found', "No such resource is visible to you (another store's answers the same)");
