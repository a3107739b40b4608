using System;
using System.IO;

namespace HvDsl.Cli.Running;

/// <summary>The <c>--input FILE|-</c> of <c>run</c> and <c>resume</c>: what COM1 receives.</summary>
internal static class GuestInput
{
    /// <summary>Standard input for <c>-</c>; a file is read whole now, so a missing one is a usage error before the guest starts.</summary>
    /// <returns>False with <paramref name="problem"/> set when the file cannot be read; <paramref name="input"/> is null when <paramref name="argument"/> is.</returns>
    public static bool TryOpen(string? argument, out Stream? input, out string problem)
    {
        problem = "";
        input = null;
        if (argument is null) return true;
        if (argument == "-")
        {
            input = Console.OpenStandardInput();
            return true;
        }
        try
        {
            input = new MemoryStream(File.ReadAllBytes(argument), writable: false);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"cannot read input {argument}: {exception.Message}";
            return false;
        }
    }
}
