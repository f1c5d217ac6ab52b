// runtime: browser
import { describe, expect, it } from 'vitest';
import { resources } from '../../i18n/resources';
import { descriptionKey } from './connect-state';

describe('Connect says where tokens are kept, per transport', () => {
  it('memory in the browser build and the CLI, the keychain in the desktop app', () => {
    expect(descriptionKey('memory')).toBe('descriptionMemory');
    expect(descriptionKey('os')).toBe('description');
    expect(descriptionKey('basic_text')).toBe('descriptionNoKeyring');
    expect(descriptionKey(undefined)).toBe('description');
    const ru = resources.ru.connect as Record<string, string>;
    expect(ru.descriptionMemory).toMatch(/только в памяти/);
    expect(ru.descriptionMemory).not.toMatch(/защищённом хранилище/);
  });
});
