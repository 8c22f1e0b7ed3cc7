export { DropImport } from './drop-import';
