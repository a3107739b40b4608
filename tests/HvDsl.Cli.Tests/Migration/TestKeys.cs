using System;
using System.IO;
using HvDsl.Cli.Migration;

namespace HvDsl.Cli.Tests.Migration;

/// <summary>Key files for migration tests, one per key text, in a folder removed with the test.</summary>
internal sealed class TestKeys : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hvdsl-keys-").FullName;

    /// <summary>A key file holding <paramref name="text"/> and a line break, as <c>echo</c> writes it.</summary>
    public string File(string text)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.key");
        System.IO.File.WriteAllText(path, text + "\n");
        return path;
    }

    /// <summary>The key a file holding <paramref name="text"/> gives.</summary>
    public MigrationKey Key(string text) => MigrationKey.Find(File(text), out var error) ?? throw new InvalidOperationException(error);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
