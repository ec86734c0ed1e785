import Foundation

/// The `herald` command line: each subcommand lives in its own file and is listed here.
let commands: [any HeraldCommand.Type] = [
    ServeCommand.self,
    TemplateCommand.self,
    RenderCommand.self,
    CheckCommand.self,
    SendCommand.self,
    DeliverCommand.self,
    OutboxCommand.self,
    DKIMRecordCommand.self,
    SchemaCommand.self,
]

exit(CommandLineRunner(commands: commands).run(Array(CommandLine.arguments.dropFirst())))
