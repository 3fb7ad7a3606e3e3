
import type { ReactElement } from "react";
import type { BaseInputTemplateProps, FieldTemplateProps, ObjectFieldTemplateProps } from "@rjsf/utils";

/** The `<input>` of text-like fields, described by its prefix and suffix, marked invalid while it has errors. */
export declare function BaseInputTemplate(props: BaseInputTemplateProps): ReactElement;

/** A field: its label with a link to `ui:docsUrl`, description, the widget between `ui:prefix` and `ui:suffix`, errors and help. */
export declare function FieldTemplate(props: FieldTemplateProps): ReactElement;

/** A group of fields, without the properties whose `x-visible-when` does not hold. */
export declare function ObjectFieldTemplate(props: ObjectFieldTemplateProps): ReactElement;

/** Whether a property is shown: it has no `x-visible-when`, or the other field has the value. */
export declare function isShown(propertySchema: object | undefined, formData: unknown): boolean;

/** The templates, for `<Form templates={templates}>` of react-jsonschema-form 5. */
export declare const templates: {
  readonly BaseInputTemplate: typeof BaseInputTemplate;
  readonly FieldTemplate: typeof FieldTemplate;
  readonly ObjectFieldTemplate: typeof ObjectFieldTemplate;
};
