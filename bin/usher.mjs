#!/usr/bin/env node
// The `usher` command: runs the TypeScript entry through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../server/main.ts');
