using System;

namespace HvDsl.Cli;

internal static class Program
{
    private static int Main(string[] args) => HvDslCommand.Run(args, Console.Out, Console.Error);
}
