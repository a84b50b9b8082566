import type { FormInstance } from 'element-plus';
import { reactive, ref } from 'vue';
import { ApiError, errorText } from '../api/errors';

/**
 * A form's submission: validate first (Element Plus rules), then send; a refusal shows its Chinese message
 * next to the field the API named (`errors[field]`, bound to el-form-item's `error`) and above the form.
 * Forms use it through SubmitForm.vue.
 */
export const useSubmission = () => {
  const errors = reactive<Record<string, string>>({});
  const general = ref('');
  const busy = ref(false);
  const clear = () => {
    for (const key of Object.keys(errors)) delete errors[key];
    general.value = '';
  };
  /** Resolves true when `send` succeeded, false when the form was invalid or the API refused. */
  const submit = async (form: FormInstance | undefined, send: () => Promise<unknown>): Promise<boolean> => {
    clear();
    if (form && !(await form.validate().catch(() => false))) return false;
    busy.value = true;
    try {
      await send();
      return true;
    } catch (caught) {
      if (caught instanceof ApiError) Object.assign(errors, caught.fields);
      general.value = errorText(caught, '操作失败，请稍后再试');
      return false;
    } finally {
      busy.value = false;
    }
  };
  return { errors, general, busy, submit, clear };
};

export const required = (message: string) => [{ required: true, message, trigger: 'blur' }];

