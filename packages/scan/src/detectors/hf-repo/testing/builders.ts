import type { FakeFile } from './fake-repo.ts';

/** JSON text of a value, as save_pretrained writes it. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A README.md model card with the given YAML front matter lines (none: a README without front matter). */
export function card(...frontMatter: string[]): string {
  const body = '# Model\n\nSome description.\n';
  return frontMatter.length === 0 ? body : `---\n${frontMatter.join('\n')}\n---\n${body}`;
}

/** A minimal transformers model repository: config, SafeTensors weights and a licensed model card. */
export function modelRepo(
  extra: Readonly<Record<string, FakeFile>> = {},
): Record<string, FakeFile> {
  return {
    'config.json': json({
      model_type: 'bert',
      architectures: ['BertModel'],
      transformers_version: '4.44.0',
    }),
    'model.safetensors': 'weights',
    'README.md': card('license: apache-2.0', 'library_name: transformers'),
    ...extra,
  };
}

/** A repository whose config maps AutoModel to custom code in modeling_custom.py. */
export function customCodeRepo(
  modeling: FakeFile,
  extra: Readonly<Record<string, FakeFile>> = {},
): Record<string, FakeFile> {
  return modelRepo({
    'config.json': json({
      model_type: 'custom',
      auto_map: {
        AutoConfig: 'configuration_custom.CustomConfig',
        AutoModel: 'modeling_custom.CustomModel',
      },
    }),
    'configuration_custom.py':
      'from transformers import PretrainedConfig\nclass CustomConfig(PretrainedConfig): pass\n',
    'modeling_custom.py': modeling,
    ...extra,
  });
}
