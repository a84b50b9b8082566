import { ElMessage } from 'element-plus';
import { errorText } from '../api/errors';

/** A command behind one button (核实, 接受, 截止投标): says it is done, or why not, in a message. */
export const runCommand = async <T>(send: () => Promise<T>, done: string): Promise<T | undefined> => {
  try {
    const answer = await send();
    ElMessage.success(done);
    return answer;
  } catch (caught) {
    ElMessage.error(errorText(caught, '操作失败'));
    return undefined;
  }
};
