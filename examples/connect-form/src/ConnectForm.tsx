import { useMemo, useState } from "react";
import Form from "@rjsf/core";
import type { IChangeEvent } from "@rjsf/core";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020.js";
import { addVocabulary, transformErrors, type ProviderForm, type ProviderId } from "@nango/provider-registry";
import { isShown, templates } from "@nango/provider-registry/rjsf";

export type FormData = Record<string, Record<string, string | undefined> | undefined>;

/** The schemas are draft 2020-12: ajv's 2020 class, with the registry's keywords and formats. */
const validator = customizeValidator<FormData>({ AjvClass: Ajv2020 });
addVocabulary(validator.ajv);

/**
 * The form data without the values of fields that are not shown: a value typed into a
 * conditional field is dropped when its condition stops holding, so that a field the user can
 * no longer see never blocks the submit.
 */
function withoutHiddenValues(form: ProviderForm, data: FormData): FormData {
  const result: FormData = {};
  for (const [group, values] of Object.entries(data)) {
    const definitions = form.schema.properties[group as keyof ProviderForm["schema"]["properties"]]?.properties ?? {};
    if (values === undefined) {
      continue;
    }
    result[group] = Object.fromEntries(
      Object.entries(values).filter(([name]) => isShown(definitions[name], values)),
    );
  }
  return result;
}

export interface ConnectFormProps<Id extends ProviderId> {
  form: ProviderForm<Id>;
  /** The values of hidden and automated fields, which the platform fills in, not the user. */
  platformValues?: FormData;
  /** Called with the form data once the schema accepts it. */
  onConnect: (submission: FormData) => void;
}

/** One provider's connect form: react-jsonschema-form with the package's parts. */
export function ConnectForm<Id extends ProviderId>({ form, platformValues, onConnect }: ConnectFormProps<Id>) {
  const [formData, setFormData] = useState<FormData>(platformValues ?? {});
  const idPrefix = useMemo(() => `connect-${form.id}`, [form.id]);
  return (
    <Form
      schema={form.schema}
      uiSchema={form.uiSchema}
      validator={validator}
      templates={templates}
      transformErrors={transformErrors}
      formData={formData}
      idPrefix={idPrefix}
      noHtml5Validate
      focusOnFirstError
      onChange={(event: IChangeEvent<FormData>) => setFormData(withoutHiddenValues(form, event.formData ?? {}))}
      // The form shows the errors itself; without a handler, RJSF logs them to the console.
      onError={() => undefined}
      onSubmit={(event: IChangeEvent<FormData>) => onConnect(withoutHiddenValues(form, event.formData ?? {}))}
    />
  );
}
