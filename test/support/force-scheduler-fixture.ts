/** force-slow as the test master declares it (fields flattened, as the REST client returns them). */
import type { ForceField, ForceScheduler } from '../../src/buildbot/schemas.js';

const field = (partial: Partial<ForceField> & Pick<ForceField, 'fullName' | 'type'>): ForceField => ({
  name: partial.fullName.replace(/^.*_/, ''),
  label: partial.fullName,
  default: '',
  required: false,
  hide: false,
  multiple: false,
  regex: null,
  choices: null,
  ...partial,
});

export function forceSlowScheduler(): ForceScheduler {
  return {
    name: 'force-slow',
    label: 'force-slow',
    builderNames: ['slow'],
    enabled: true,
    fields: [
      field({ fullName: 'username', type: 'username' }),
      field({ fullName: 'reason', type: 'text', default: 'forced' }),
      field({ fullName: 'branch', type: 'text', default: 'main' }),
      field({ fullName: 'project', type: 'fixed', hide: true }),
      field({ fullName: 'repository', type: 'fixed', hide: true }),
      field({ fullName: 'revision', type: 'text' }),
      field({ fullName: 'duration', type: 'text' }),
      field({ fullName: 'result', type: 'list', default: 'auto', choices: ['auto', 'pass', 'warn', 'fail'] }),
      field({ fullName: 'clean', type: 'bool', default: false }),
    ],
  };
}
