
/** What a value of each format looks like, for people. */
const FORMAT_MESSAGES = {
  email: "Enter an email address, such as name@example.com.",
  hostname: "Enter a host name, such as example.com.",
  uri: "Enter a full URL, such as https://example.com.",
  uuid: "Enter a UUID, such as 123e4567-e89b-12d3-a456-426614174000.",
};

/**
 * react-jsonschema-form's `transformErrors`: words `pattern`, `format`, `required`, `minLength`
 * and `enum` errors for people, with the field's pattern hint (`ui:patternHint`, plain text)
 * instead of the regular expression. The `if` errors of conditional fields, which only say that
 * a `then` failed, are dropped: the `required` error of the `then` says what is missing. Errors
 * are returned as new objects; other errors are kept as they are.
 */
export function transformErrors(errors, uiSchema) {
  return errors.filter((error) => error.name !== "if").map((error) => worded(error, uiSchema));
}

function worded(error, uiSchema) {
  const names = fieldNames(error);
  const options = uiOptions(uiSchema, names);
  const hint = typeof options.patternHint === "string" ? options.patternHint : undefined;
  const params = error.params ?? {};
  let message;
  switch (error.name) {
    case "pattern":
      message = hint ?? "This value is not in the expected form.";
      break;
    case "format":
      message = hint ?? FORMAT_MESSAGES[params.format] ?? `Enter a valid ${params.format}.`;
      break;
    case "required":
      message = "This field is required.";
      break;
    case "minLength":
      message = "Enter a value.";
      break;
    case "enum":
      message = `Choose one of: ${(params.allowedValues ?? []).join(", ")}.`;
      break;
    default:
      return error;
  }
  const title = titleOf(error, names);
  return { ...error, message, stack: title ? `${title}: ${message}` : message };
}

/**
 * The groups and field an error is about, from its schema path:
 * `#/properties/credentials/properties/apiKey/pattern` is `["credentials", "apiKey"]`, and a
 * `required` error adds the missing property.
 */
function fieldNames(error) {
  const segments = (error.schemaPath ?? "").split("/").slice(1).map(unescapePointer);
  const names = [];
  for (let index = 0; index + 1 < segments.length; index += 1) {
    if (segments[index] === "properties") {
      names.push(segments[index + 1]);
      index += 1;
    }
  }
  const missing = error.params?.missingProperty;
  if (error.name === "required" && typeof missing === "string") {
    names.push(missing);
  }
  return names;
}

function unescapePointer(segment) {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The `ui:` options of the field at `names` of the uiSchema (both spellings RJSF accepts). */
function uiOptions(uiSchema, names) {
  let node = uiSchema;
  for (const name of names) {
    node = node !== null && typeof node === "object" && Object.prototype.hasOwnProperty.call(node, name) ? node[name] : undefined;
  }
  if (node === null || typeof node !== "object") {
    return {};
  }
  const options = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "ui:options" && value !== null && typeof value === "object") {
      Object.assign(options, value);
    } else if (key.startsWith("ui:")) {
      options[key.slice(3)] = value;
    }
  }
  return options;
}

/**
 * The field's title as react-jsonschema-form's ajv validator put it in the error: in quotes at
 * the end of a `required` message, in quotes before the message in `stack` otherwise. Else the
 * field's name.
 */
function titleOf(error, names) {
  const message = error.message ?? "";
  const stack = error.stack ?? "";
  if (error.name === "required") {
    const quoted = /'(.*)'$/.exec(message);
    if (quoted) {
      return quoted[1];
    }
  } else if (stack.startsWith("'") && stack.endsWith(`' ${message}`)) {
    return stack.slice(1, stack.length - message.length - 2);
  }
  return names.at(-1);
}
