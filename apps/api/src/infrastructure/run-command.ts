import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AnyCommandTable, CommandService, type InputOf } from '#application';
import type { CommandEnvelope, HandledCommand } from '#event-store';

/** Any aggregate's command on the CQRS bus: the application's table says how it is handled. */
export class RunCommand<Table extends AnyCommandTable = AnyCommandTable> extends Command<HandledCommand> {
  constructor(
    readonly table: Table,
    readonly id: string,
    readonly input: InputOf<Table>,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** The one handler of every table-driven command: Nest wires, libs/application handles. */
@CommandHandler(RunCommand)
export class RunCommandHandler implements ICommandHandler<RunCommand> {
  constructor(private readonly commands: CommandService) {}

  execute({ table, id, input, envelope }: RunCommand): Promise<HandledCommand> {
    return this.commands.handle(table, id, input, envelope);
  }
}
