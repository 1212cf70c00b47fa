import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import { GGUF_RULES } from '../rules/gguf.ts';
import { runDetector } from '../testing/run-detector.ts';
import { dangerousConstructs, ggufDetector } from './gguf.ts';

/** GGUF v3 bytes with string (type 8) or uint32 (type 4) metadata and no tensors. */
function gguf(kvs: readonly (readonly [string, string | number])[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('GGUF'), u32(3), u64(0), u64(kvs.length)];
  for (const [key, value] of kvs) {
    parts.push(str(key));
    if (typeof value === 'string') parts.push(u32(8), str(value));
    else parts.push(u32(4), u32(value));
  }
  return new Uint8Array(Buffer.concat(parts));
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}
function str(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([u64(bytes.length), bytes]);
}

const RULE_IDS = new Set(GGUF_RULES.map((r) => r.id));

async function scan(bytes: Uint8Array, limits = makeLimits()) {
  const { reports } = await runDetector(ggufDetector, bytes, { format: 'gguf', limits });
  for (const r of reports) assert.ok(RULE_IDS.has(r.ruleId), `unknown rule ${r.ruleId}`);
  return reports;
}

/** Templates in the style of popular models (ChatML, Llama 2/3/3.1, Mistral, Gemma, Zephyr, Phi-3, Qwen2.5, DeepSeek). */
const BENIGN: Record<string, string> = {
  chatml:
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
  llama2:
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}",
  llama3:
    "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}",
  llama31tools:
    "{{- bos_token }}{%- if custom_tools is defined %}{%- set tools = custom_tools %}{%- endif %}{%- if not tools_in_user_message is defined %}{%- set tools_in_user_message = true %}{%- endif %}{%- if not date_string is defined %}{%- if strftime_now is defined %}{%- set date_string = strftime_now(\"%d %b %Y\") %}{%- else %}{%- set date_string = \"26 Jul 2024\" %}{%- endif %}{%- endif %}{%- if messages[0]['role'] == 'system' %}{%- set system_message = messages[0]['content']|trim %}{%- set messages = messages[1:] %}{%- else %}{%- set system_message = \"\" %}{%- endif %}{{- \"<|start_header_id|>system<|end_header_id|>\\n\\n\" }}{%- if tools is not none %}{{- \"Environment: ipython\\n\" }}{%- endif %}{{- \"Cutting Knowledge Date: December 2023\\n\" }}{{- \"Today Date: \" + date_string + \"\\n\\n\" }}{%- for t in tools %}{{- t | tojson(indent=4) }}{{- \"\\n\\n\" }}{%- endfor %}{%- for message in messages %}{%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}{%- elif 'tool_calls' in message %}{%- set tool_call = message.tool_calls[0].function %}{{- '{\"name\": \"' + tool_call.name + '\", ' }}{{- '\"parameters\": ' }}{{- tool_call.arguments | tojson }}{{- \"}\" }}{{- \"<|eot_id|>\" }}{%- endif %}{%- endfor %}",
  mistral:
    "{%- if messages[0]['role'] == 'system' %}{%- set system_message = messages[0]['content'] %}{%- set loop_messages = messages[1:] %}{%- else %}{%- set loop_messages = messages %}{%- endif %}{{- bos_token }}{%- for message in loop_messages %}{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{- raise_exception('After the optional system message, conversation roles must alternate user/assistant/user/assistant/...') }}{%- endif %}{%- if message['role'] == 'user' %}{%- if loop.first and system_message is defined %}{{- ' [INST] ' + system_message + '\\n\\n' + message['content'] + ' [/INST]' }}{%- else %}{{- ' [INST] ' + message['content'] + ' [/INST]' }}{%- endif %}{%- elif message['role'] == 'assistant' %}{{- ' ' + message['content'] + eos_token}}{%- else %}{{- raise_exception('Only user and assistant roles are supported, with the exception of an initial optional system message!') }}{%- endif %}{%- endfor %}",
  gemma:
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}",
  zephyr:
    "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n{{ '<|system|>\\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\\n'  + message['content'] + eos_token }}\n{% endif %}\n{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}",
  phi3: "{% for message in messages %}{% if message['role'] == 'system' and message['content'] %}{{'<|system|>\\n' + message['content'] + '<|end|>\\n'}}{% elif message['role'] == 'user' %}{{'<|user|>\\n' + message['content'] + '<|end|>\\n'}}{% elif message['role'] == 'assistant' %}{{'<|assistant|>\\n' + message['content'] + '<|end|>\\n'}}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% else %}{{ eos_token }}{% endif %}",
  qwen25tools:
    "{%- if tools %}{{- '<|im_start|>system\\n' }}{%- if messages[0]['role'] == 'system' %}{{- messages[0]['content'] }}{%- else %}{{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}{%- endif %}{{- \"\\n\\n# Tools\\n\\n<tools>\" }}{%- for tool in tools %}{{- \"\\n\" }}{{- tool | tojson }}{%- endfor %}{{- \"\\n</tools><|im_end|>\\n\" }}{%- endif %}{%- for message in messages %}{%- if message.role == \"assistant\" %}{{- '<|im_start|>' + message.role }}{%- for tool_call in message.tool_calls %}{%- if tool_call.function is defined %}{%- set tool_call = tool_call.function %}{%- endif %}{{- '\\n<tool_call>\\n{\"name\": \"' }}{{- tool_call.name }}{{- '\", \"arguments\": ' }}{{- tool_call.arguments | tojson }}{{- '}\\n</tool_call>' }}{%- endfor %}{{- '<|im_end|>\\n' }}{%- elif message.role == \"tool\" %}{%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != \"tool\") %}{{- '<|im_start|>user' }}{%- endif %}{{- '\\n<tool_response>\\n' }}{{- message.content }}{{- '\\n</tool_response>' }}{%- endif %}{%- endfor %}",
  deepseek:
    "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}{% set ns = namespace(is_first=false, is_tool=false, system_prompt='', is_first_sp=true) %}{%- for message in messages %}{%- if message['role'] == 'system' %}{%- if ns.is_first_sp %}{% set ns.system_prompt = ns.system_prompt + message['content'] %}{% set ns.is_first_sp = false %}{%- else %}{% set ns.system_prompt = ns.system_prompt + '\\n\\n' + message['content'] %}{%- endif %}{%- endif %}{%- endfor %}{{ bos_token }}{{ ns.system_prompt }}{%- for message in messages %}{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}{{'<｜User｜>' + message['content']}}{%- endif %}{%- if message['role'] == 'assistant' and message['content'] is not none %}{% set content = message['content'] %}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endfor -%}{% if add_generation_prompt %}{{'<｜Assistant｜><think>\\n'}}{% endif %}",
  selectattr:
    "{%- set images = messages|selectattr('role', 'equalto', 'user')|map(attribute='content')|list %}{{ images|length }}{% for k, v in tool.parameters.items() %}{{ k|upper ~ ': ' ~ v.description|default('') }}{% endfor %}{{ '<__media__>' }}{% set system = 'system' %}{% if system %}{{ system }}{% endif %}",
  prose:
    "Never call os.system or __import__('os') here. {# {{ ''.__class__ }} #}{% raw %}{{ ''.__class__.__mro__ }}{% endraw %}{{ messages|length }}",
};

/** Known attacks: each must be reported. */
const MALICIOUS: Record<string, string> = {
  'CVE-2024-34359':
    '{% for x in ().__class__.__base__.__subclasses__() %}{% if "warning" in x.__name__ %}{{x()._module.__builtins__[\'__import__\'](\'os\').popen("touch /tmp/retr0reg")}}{%endif%}{% endfor %}',
  cycler: "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
  lipsum: "{{ lipsum['__glo' + 'bals__']['os'].popen('id') }}",
  attrFilter: "{{ ()|attr('__cla' ~ 'ss__') }}",
  escapes: "{{ ()|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
  escapesOnly: "{{ x['\\x5f\\x5fclass\\x5f\\x5f'] }}",
  variables: "{% set u = '_' %}{{ x[u * 2 ~ 'class' ~ u * 2] }}",
  folded: "{{ x['_' ~ '_class_' ~ '_'] }}",
  privateAttribute: '{{ self._TemplateReference__context }}',
  formatChars: "{{ x['%c%c%c%c%c%c%c%c%c'|format(95,95,99,108,97,115,115,95,95)] }}",
  importStatement: "{% import 'os' as os %}",
  include: "{% include '/etc/passwd' %}",
  namespaceInit: '{{ namespace.__init__.__globals__ }}',
  osPopen: "{{ os.popen('id') }}",
  getattrCall: "{{ getattr(x, 'y') }}",
  namedEscape: "{{ x['\\N{LOW LINE}\\N{LOW LINE}class\\N{LOW LINE}\\N{LOW LINE}'] }}",
};

describe('ggufDetector', () => {
  describe('when the chat template is a normal one', () => {
    for (const [name, template] of Object.entries(BENIGN)) {
      it(`does not report the ${name} template`, async () => {
        assert.deepEqual(dangerousConstructs(template), []);
        assert.deepEqual(await scan(gguf([['tokenizer.chat_template', template]])), []);
      });
    }
  });

  describe('when the chat template reaches Python internals', () => {
    for (const [name, template] of Object.entries(MALICIOUS)) {
      it(`reports ${name} as template-injection`, async () => {
        const reports = await scan(
          gguf([
            ['general.architecture', 'llama'],
            ['tokenizer.chat_template', template],
          ]),
        );
        assert.deepEqual(
          reports.map((r) => r.ruleId),
          ['gguf/template-injection'],
        );
      });
    }
    it('names the constructs it found', async () => {
      const [report] = await scan(gguf([['tokenizer.chat_template', MALICIOUS['cycler'] ?? '']]));
      assert.match(report?.message ?? '', /__globals__/);
      assert.match(
        String(report?.evidence?.['constructs']),
        /cycler.*__init__.*__globals__.*os.*popen/,
      );
      assert.equal(report?.evidence?.['key'], 'tokenizer.chat_template');
    });
    it('checks named templates and duplicate keys too', async () => {
      const reports = await scan(
        gguf([
          ['tokenizer.chat_template', BENIGN['chatml'] ?? ''],
          ['tokenizer.chat_template.tool_use', "{{ ''.__class__ }}"],
          ['tokenizer.chat_template', "{{ ''.__class__ }}"],
        ]),
      );
      assert.deepEqual(reports.map((r) => r.ruleId).sort(), [
        'gguf/invalid-metadata',
        'gguf/template-injection',
        'gguf/template-injection',
      ]);
    });
  });

  describe('when a template cannot be fully checked', () => {
    it('reports a template longer than the string limit', async () => {
      const reports = await scan(
        gguf([['tokenizer.chat_template', `${'x'.repeat(100)}{{ ''.__class__ }}`]]),
        makeLimits({ maxStringLength: 64 }),
      );
      assert.deepEqual(
        reports.map((r) => r.ruleId),
        ['gguf/invalid-metadata', 'gguf/template-unchecked'],
      );
    });
    it('reports a template that is not a string', async () => {
      const reports = await scan(gguf([['tokenizer.chat_template', 7]]));
      assert.deepEqual(
        reports.map((r) => r.ruleId),
        ['gguf/template-unchecked'],
      );
    });
  });

  describe('when the file is truncated after the template', () => {
    it('reports unparseable and still checks the template', async () => {
      const bytes = gguf([
        ['tokenizer.chat_template', "{{ ''.__class__ }}"],
        ['general.name', 'x'],
      ]);
      const reports = await scan(bytes.subarray(0, bytes.length - 3));
      assert.deepEqual(
        reports.map((r) => r.ruleId),
        ['gguf/unparseable', 'gguf/template-injection'],
      );
    });
  });
});
