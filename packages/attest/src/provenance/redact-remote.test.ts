import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactRemote } from './redact-remote.ts';

describe('redactRemote', () => {
  const cases: [string, string | undefined][] = [
    ['https://alice:pw@github.com/org/repo.git', 'https://github.com/org/repo.git'],
    ['https://ghp_abc123@github.com/org/repo.git', 'https://github.com/org/repo.git'],
    ['https://oauth2:glpat-xyz@GitLab.Example.com/g/p.git', 'https://gitlab.example.com/g/p.git'],
    ['https://host/repo.git?private_token=t0k#x', 'https://host/repo.git'],
    ['HTTP://Host:8080/a/b', 'http://host:8080/a/b'],
    ['git@github.com:org/repo.git', 'ssh://git@github.com/org/repo.git'],
    ['github.com:org/repo.git', 'ssh://github.com/org/repo.git'],
    ['ssh://git:secret@host/repo.git', 'ssh://git@host/repo.git'],
    ['git+ssh://git@host/repo', 'git+ssh://git@host/repo'],
    ['/srv/git/repo.git', 'file:///srv/git/repo.git'],
    ['../upstream', 'file:///work/upstream'],
    ['', undefined],
    ['https://host/a b', undefined],
    ['https://', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`turns ${JSON.stringify(input)} into ${String(expected)}`, () => {
      assert.equal(redactRemote(input, '/work/repo'), expected);
    });
  }
});
