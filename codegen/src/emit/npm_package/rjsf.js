
// Templates for react-jsonschema-form 5 that show what the uiSchemas ask for and the stock
// templates cannot: `ui:prefix` and `ui:suffix` around the widget, a link to the guide step of
// `ui:docsUrl` beside the label, and fields shown only while `x-visible-when` holds. Pass them
// as `<Form templates={templates}>`.

import { createElement as h, useCallback } from "react";
import * as rjsfUtils from "@rjsf/utils";

// Bundlers load @rjsf/utils 5 as ES modules; node loads it as CommonJS, whose names an `import`
// cannot list, and gives its `module.exports` as `default`.
const { ariaDescribedByIds, getInputProps, getTemplate, getUiOptions, titleId, descriptionId } =
  Reflect.get(rjsfUtils, "default") ?? rjsfUtils;

/** A field's `ui:prefix` or `ui:suffix`, when it has one. */
function adornment(options, side) {
  const text = options[side];
  return typeof text === "string" && text !== "" ? text : undefined;
}

/**
 * The `<input>` of text-like fields: described by its prefix and suffix (which `FieldTemplate`
 * shows around it) as well as by its description and errors, and marked invalid while it has
 * errors.
 */
export function BaseInputTemplate(props) {
  const {
    id,
    value,
    required,
    readonly,
    disabled,
    autofocus,
    placeholder,
    onBlur,
    onFocus,
    onChange,
    onChangeOverride,
    options,
    schema,
    rawErrors,
    type,
  } = props;
  const handleChange = useCallback(
    ({ target }) => onChange(target.value === "" ? options.emptyValue : target.value),
    [onChange, options],
  );
  const handleBlur = useCallback(({ target }) => onBlur(id, target && target.value), [onBlur, id]);
  const handleFocus = useCallback(({ target }) => onFocus(id, target && target.value), [onFocus, id]);
  const describedBy = [
    adornment(options, "prefix") && `${id}__prefix`,
    ariaDescribedByIds(id),
    adornment(options, "suffix") && `${id}__suffix`,
  ]
    .filter(Boolean)
    .join(" ");
  return h("input", {
    id,
    name: id,
    className: "form-control",
    required,
    readOnly: readonly,
    disabled,
    autoFocus: autofocus,
    placeholder,
    value: value == null ? "" : value,
    ...getInputProps(schema, type, options),
    onChange: onChangeOverride || handleChange,
    onBlur: handleBlur,
    onFocus: handleFocus,
    "aria-describedby": describedBy,
    "aria-invalid": rawErrors && rawErrors.length > 0 ? true : undefined,
  });
}

/** The guide link of a field's label. */
function docsLink(url, label) {
  return h(
    "a",
    {
      className: "rjsf-docs-link",
      href: url,
      target: "_blank",
      rel: "noopener noreferrer",
      title: `Where to find your ${label}`,
      "aria-label": `Where to find your ${label} (opens the guide)`,
    },
    h(
      "svg",
      { viewBox: "0 0 16 16", width: "1em", height: "1em", "aria-hidden": "true", focusable: "false" },
      h("circle", { cx: "8", cy: "8", r: "7", fill: "none", stroke: "currentColor", strokeWidth: "1.5" }),
      h("path", { d: "M8 7v4.5M8 4.5v.01", stroke: "currentColor", strokeWidth: "1.8", strokeLinecap: "round" }),
    ),
  );
}

/**
 * A field: its label with the guide link (`ui:docsUrl`), description, the widget between its
 * prefix and suffix (`ui:prefix`, `ui:suffix`), errors and help.
 */
export function FieldTemplate(props) {
  const { id, label, children, errors, help, description, hidden, required, displayLabel, registry, uiSchema } = props;
  if (hidden) {
    return h("div", { className: "hidden" }, children);
  }
  const uiOptions = getUiOptions(uiSchema);
  const WrapIfAdditionalTemplate = getTemplate("WrapIfAdditionalTemplate", registry, uiOptions);
  const docsUrl = typeof uiOptions.docsUrl === "string" ? uiOptions.docsUrl : undefined;
  const heading =
    displayLabel &&
    label &&
    h(
      "div",
      { className: "rjsf-field-label" },
      h("label", { className: "control-label", htmlFor: id }, label, required && h("span", { className: "required" }, "*")),
      docsUrl && docsLink(docsUrl, label),
    );
  const prefix = adornment(uiOptions, "prefix");
  const suffix = adornment(uiOptions, "suffix");
  const side = (text, kind) => h("span", { id: `${id}__${kind}`, className: `rjsf-adornment rjsf-${kind}` }, text);
  const control =
    prefix || suffix
      ? h(
          "div",
          { className: "rjsf-adorned", style: { display: "flex", alignItems: "center" } },
          prefix && side(prefix, "prefix"),
          children,
          suffix && side(suffix, "suffix"),
        )
      : children;
  return h(WrapIfAdditionalTemplate, props, heading, displayLabel && description ? description : null, control, errors, help);
}

/** Whether a property is shown: it has no `x-visible-when`, or the other field has the value. */
export function isShown(propertySchema, formData) {
  const condition = propertySchema && propertySchema["x-visible-when"];
  if (!condition) {
    return true;
  }
  return formData != null && typeof formData === "object" && formData[condition.field] === condition.equals;
}

/** A group of fields, without the properties whose `x-visible-when` does not hold. */
export function ObjectFieldTemplate(props) {
  const { description, title, properties, required, registry, schema, uiSchema, idSchema, formData } = props;
  const uiOptions = getUiOptions(uiSchema);
  const TitleFieldTemplate = getTemplate("TitleFieldTemplate", registry, uiOptions);
  const DescriptionFieldTemplate = getTemplate("DescriptionFieldTemplate", registry, uiOptions);
  const definitions = schema.properties || {};
  return h(
    "fieldset",
    { id: idSchema.$id },
    title && h(TitleFieldTemplate, { id: titleId(idSchema), title, required, schema, uiSchema, registry }),
    description &&
      h(DescriptionFieldTemplate, { id: descriptionId(idSchema), description, schema, uiSchema, registry }),
    properties.filter((property) => isShown(definitions[property.name], formData)).map((property) => property.content),
  );
}

/** The templates, for `<Form templates={templates}>`. */
export const templates = { BaseInputTemplate, FieldTemplate, ObjectFieldTemplate };
