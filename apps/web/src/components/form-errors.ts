import { reactive, ref } from 'vue';
import type { FormInstance } from 'element-plus';
import { ApiError } from '../api/errors';

/**
 * A form's submission: validate first (Element Plus rules), then send; a refusal shows its Chinese message
 * next to the field the API named (`errors[field]`, bound to el-form-item's `error`) and above the form.
 */
export const useSubmission = () => {
  const errors = reactive<Record<string, string>>({});
  const general = ref('');
  const busy = ref(false);
  const clear = () => {
    for (const key of Object.keys(errors)) delete errors[key];
    general.value = '';
  };
  const submit = async <T>(form: FormInstance | undefined, send: () => Promise<T>): Promise<T | undefined> => {
    clear();
    if (form && !(await form.validate().catch(() => false))) return undefined;
    busy.value = true;
    try {
      return await send();
    } catch (caught) {
      if (!(caught instanceof ApiError)) {
        general.value = '操作失败，请稍后再试';
        return undefined;
      }
      Object.assign(errors, caught.fields);
      general.value = caught.message;
      return undefined;
    } finally {
      busy.value = false;
    }
  };
  return { errors, general, busy, submit, clear };
};

export const required = (message: string) => [{ required: true, message, trigger: 'blur' }];
