using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace HvDsl.Cli.KvmUnitTests;

/// <summary>
/// Runs one planned test as a child <c>hvdsl run</c>, so a guest that never ends is killed at its time limit without
/// taking the runner with it; keeps only the console's last lines and hvdsl's own message, so a chatty guest costs no memory.
/// </summary>
internal static class UnitTestProcess
{
    private const int KeptLines = UnitTestVerdict.SummaryLines;

    /// <summary>Runs <paramref name="plan"/> (which must not be skipped) and reads its verdict.</summary>
    public static UnitTestVerdict Run(UnitTestPlan plan)
    {
        var start = Start();
        foreach (var argument in plan.Arguments) start.ArgumentList.Add(argument);
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return new UnitTestVerdict(plan.Name, UnitTestOutcome.Fail, $"cannot start {start.FileName}: {exception.Message}");
        }
        using var process = started ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        var lastLines = new Queue<string>(KeptLines + 1);
        string? message = null;
        var console = Task.Run(() => Drain(process.StandardOutput, line =>
        {
            lastLines.Enqueue(line);
            if (lastLines.Count > KeptLines) lastLines.Dequeue();
        }));
        var errors = Task.Run(() => Drain(process.StandardError, line =>
        {
            if (message is null && line.StartsWith("hvdsl", StringComparison.Ordinal)) message = line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        }));
        if (!process.WaitForExit(plan.Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return UnitTestVerdict.TimedOut(plan.Name, plan.Timeout);
        }
        Task.WaitAll(console, errors);
        return UnitTestVerdict.Read(plan.Name, process.ExitCode, [.. lastLines], message);
    }

    /// <summary>The same hvdsl that runs the runner: its apphost when that is what runs, else <c>dotnet hvdsl.dll</c>.</summary>
    private static ProcessStartInfo Start()
    {
        var self = Environment.ProcessPath ?? "";
        var host = Path.GetFileNameWithoutExtension(self);
        var startInfo = new ProcessStartInfo(host is "hvdsl" or "dotnet" ? self : "dotnet");
        if (host != "hvdsl") startInfo.ArgumentList.Add(typeof(HvDslCommand).Assembly.Location);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;
        return startInfo;
    }

    private static void Drain(StreamReader reader, Action<string> keep)
    {
        // Lines are cut at 4 KiB so a guest that never sends a newline still costs bounded memory.
        var buffer = new char[4096];
        var line = new System.Text.StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            foreach (var c in buffer.AsSpan(0, read))
            {
                if (c == '\n' || line.Length >= buffer.Length)
                {
                    keep(line.ToString());
                    line.Clear();
                    if (c == '\n') continue;
                }
                line.Append(c);
            }
        }
        if (line.Length > 0) keep(line.ToString());
    }
}
