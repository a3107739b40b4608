using System;
using System.IO;
using Iced.Intel;

namespace HvDsl.Cli.Tests.Run;

/// <summary>Assembles a test guest with Iced and writes it where <c>hvdsl run --image</c> can read it.</summary>
internal static class GuestCode
{
    /// <summary>Assembles <paramref name="emit"/>'s code for <paramref name="bitness"/> at <paramref name="address"/> into a file under <paramref name="folder"/>.</summary>
    public static string Write(string folder, int bitness, Action<Assembler> emit, ulong address = 0x1000) => WriteBytes(folder, Assemble(bitness, emit, address));

    /// <summary>The machine code of <paramref name="emit"/> for <paramref name="bitness"/> at <paramref name="address"/>.</summary>
    public static byte[] Assemble(int bitness, Action<Assembler> emit, ulong address)
    {
        var assembler = new Assembler(bitness);
        emit(assembler);
        var code = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(code), address);
        return code.ToArray();
    }

    /// <summary>Writes <paramref name="image"/> to a new file under <paramref name="folder"/> and returns its path.</summary>
    public static string WriteBytes(string folder, byte[] image)
    {
        var path = Path.Combine(folder, $"guest-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, image);
        return path;
    }

    /// <summary>Where <see cref="WriteMultiboot"/> loads its kernel: 1 MiB.</summary>
    public const uint MultibootBase = 0x100000;

    /// <summary>
    /// A 32-bit multiboot kernel whose header (flags bit 16: the address fields) loads it at 1 MiB and enters right after
    /// the 32-byte header, at <paramref name="body"/>'s code.
    /// </summary>
    public static string WriteMultiboot(string folder, Action<Assembler> body)
    {
        const uint magic = 0x1BADB002, addressFields = 0x10000;
        return Write(folder, 32, a =>
        {
            foreach (var field in (ReadOnlySpan<uint>)[magic, addressFields, unchecked(0u - magic - addressFields), MultibootBase, MultibootBase, 0, 0, MultibootBase + 32])
                a.dd(field);
            body(a);
        }, MultibootBase);
    }
}
