/** Why an image reference does not pin what it runs: no tag, or the moving `latest` tag. */
export type ImagePinProblem = 'latest' | 'untagged';

/**
 * Judge an image reference (`registry:5000/org/name:tag@sha256:…`). A digest pins it whatever the
 * tag; references built from variables (`${BASE_IMAGE}`) cannot be judged and are skipped.
 */
export function imagePinProblem(reference: string): ImagePinProblem | undefined {
  const ref = reference.trim();
  if (ref === '' || ref.includes('$') || ref.includes('@sha256:') || ref === 'scratch')
    return undefined;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  if (colon === -1) return 'untagged';
  return ref.slice(colon + 1) === 'latest' ? 'latest' : undefined;
}
