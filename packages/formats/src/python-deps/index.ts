export {
  isValidPackageName,
  MAX_PACKAGE_NAME_LENGTH,
  normalizePackageName,
} from './package-name.ts';
