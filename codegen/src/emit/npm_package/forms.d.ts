
// The shapes of the package's schemas, uiSchemas and errors. They are type aliases, not
// interfaces, so that they are assignable to react-jsonschema-form's `RJSFSchema` and `UiSchema`.

/** The formats the schemas use, as ajv-formats' full mode defines them. */
export type FieldFormat = "email" | "hostname" | "uri" | "uuid";

/** One field of a connect form: always a non-empty string. */
export type FieldSchema = {
  type: "string";
  title: string;
  description: string;
  minLength: number;
  pattern?: string;
  format?: FieldFormat;
  enum?: string[];
  default?: string;
  examples?: string[];
  writeOnly?: boolean;
  "x-order": number;
  "x-prefix"?: string;
  "x-suffix"?: string;
  "x-pattern-hint"?: string;
  "x-masked-example"?: string;
  "x-hidden"?: true;
  "x-automated"?: true;
  "x-visible-when"?: { field: string; equals: string };
  "x-docs-url"?: string;
};

/** A required field that is required only while another field has a value. */
export type ConditionSchema = {
  $comment: string;
  if: { properties: { [field: string]: { const: string } }; required: string[] };
  then: { properties: { [field: string]: Record<string, never> }; required: string[] };
};

/** `connection_config` or `credentials`. */
export type GroupSchema = {
  title: string;
  description: string;
  type: "object";
  properties: { [field: string]: FieldSchema };
  required?: string[];
  additionalProperties: false;
  allOf?: ConditionSchema[];
};

/** A provider's connect form: a JSON Schema, draft 2020-12. */
export type ConnectFormSchema = {
  $schema: string;
  $id: string;
  $comment: string;
  title: string;
  description: string;
  type: "object";
  properties: { connection_config?: GroupSchema; credentials?: GroupSchema };
  required?: string[];
  additionalProperties: false;
  "x-base-url"?: string;
};

/** How one field is shown. */
export type FieldUiSchema = {
  "ui:widget"?: "hidden" | "password" | "select" | "textarea";
  "ui:autocomplete"?: string;
  "ui:placeholder"?: string;
  /** The pattern hint, in plain text: what `transformErrors` shows when the pattern fails. */
  "ui:patternHint"?: string;
  /** Text shown before the input (the templates of `/rjsf`). */
  "ui:prefix"?: string;
  /** Text shown after the input (the templates of `/rjsf`). */
  "ui:suffix"?: string;
  /** The guide step that explains where to find the value (the templates of `/rjsf`). */
  "ui:docsUrl"?: string;
};

/** How one group is shown: without its caption, fields in order. */
export type GroupUiSchema = {
  "ui:label": false;
  "ui:order": string[];
  [field: string]: FieldUiSchema | string[] | false;
};

/** A provider's react-jsonschema-form uiSchema. */
export type ConnectFormUiSchema = {
  $comment: string;
  "ui:title": string;
  "ui:description": string;
  "ui:order": string[];
  "ui:submitButtonOptions": { submitText: string };
  connection_config?: GroupUiSchema;
  credentials?: GroupUiSchema;
};

/** A validation error as react-jsonschema-form gives it to `transformErrors`. */
export type FormValidationError = {
  name?: string;
  property?: string;
  message?: string;
  params?: any;
  stack: string;
  schemaPath?: string;
};

/** The meta-schema of the schemas' `x-` keywords. */
export type Vocabulary = {
  $schema: string;
  $id: string;
  properties: { [keyword: string]: object };
  [keyword: string]: unknown;
};

/** What `addVocabulary` needs of an ajv 8 instance. */
export interface AjvLike {
  addKeyword(definition: { keyword: string; metaSchema?: object }): unknown;
  getKeyword(keyword: string): unknown;
  addFormat(name: string, format: unknown): unknown;
}
