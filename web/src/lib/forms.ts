// What an action form asks for. Each field's `name` is the API's field name, so an error the
// core returns (error.field) is shown beside the control that caused it.

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'select' | 'datetime' | 'checkbox' | 'radio';
  options?: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
  value?: string | boolean;
  // A textarea staff may fill from a saved reply or an article (InsertText): 'client' when the
  // client reads it or may (a note that can be sent to them: only articles they may read are
  // offered, so ticking "send" later never sends an internal one), 'staff' when only staff do.
  insert?: 'client' | 'staff';
}

export type Values = Record<string, string | boolean>;

// The first field a filled-in form still misses, by the fields' own `required` and any rule of
// the form's: a half-filled form is never sent.
export function missing(fields: FieldSpec[], values: Values): string {
  for (const f of fields) {
    if (!f.required) continue;
    const v = values[f.name];
    if (v === undefined || v === '' || (typeof v === 'string' && v.trim() === '')) return f.name;
  }
  return '';
}
