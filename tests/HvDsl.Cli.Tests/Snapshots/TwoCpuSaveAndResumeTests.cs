using System;
using System.IO;
using System.Linq;
using HvDsl.Cli.Tests.Run;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Snapshots;

/// <summary><c>hvdsl run --cpus 2 --save-at N</c> then <c>hvdsl resume</c>: both vCPUs, their local APICs and their turns carry on as in the uninterrupted run.</summary>
public sealed class TwoCpuSaveAndResumeTests : IDisposable
{
    private const ushort Done = 0x800;
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-smp-snapshots-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    /// <summary>Emits <paramref name="count"/> rounds of writing <paramref name="mark"/> to port 0xE9, each with a short busy wait.</summary>
    private static void Marks(Assembler a, AssemblerRegister32 counter, AssemblerRegister32 delay, char mark, int count)
    {
        var round = a.CreateLabel();
        var wait = a.CreateLabel();
        a.mov(counter, count);
        a.Label(ref round);
        a.mov(al, (byte)mark);
        a.@out(0xE9, al);
        a.mov(delay, 7);
        a.Label(ref wait);
        a.dec(delay);
        a.jnz(wait);
        a.dec(counter);
        a.jnz(round);
    }

    /// <summary>
    /// A flat image at 0x1000: the application processor's real-mode start (SIPI vector 1) prints 'b' 150 times with
    /// interrupts on and sleeps; a fixed IPI's handler (vector 0x40) prints '!'; the boot processor's 32-bit code at 0x1200 starts
    /// it, prints 'A' 150 times with the IPI halfway, waits for its mark and writes status 0 to port 0xF4.
    /// </summary>
    private string WriteGuest()
    {
        var ap = GuestCode.Assemble(16, a =>
        {
            a.xor(ax, ax);
            a.mov(ds, ax);
            a.mov(__word_ptr[0x40 * 4], 0x1100);
            a.mov(__word_ptr[0x40 * 4 + 2], 0);
            a.sti();
            Marks(a, ecx, ebx, 'b', 150);
            a.mov(__byte_ptr[Done], 1);
            var sleep = a.CreateLabel();
            a.Label(ref sleep);
            a.hlt(); // with interrupts on: a halt with them off would end the whole run
            a.jmp(sleep);
        }, 0x1000);
        var handler = GuestCode.Assemble(16, a =>
        {
            a.mov(al, (byte)'!');
            a.@out(0xE9, al);
            a.iret();
        }, 0x1100);
        var bsp = GuestCode.Assemble(32, a =>
        {
            var waitDone = a.CreateLabel();
            a.mov(__dword_ptr[0xFEE0_00F0], 0x1FF);          // spurious vector register: APIC on
            a.mov(__dword_ptr[0xFEE0_0300], 0xC_4500);       // INIT to all others
            a.mov(__dword_ptr[0xFEE0_0300], 0xC_4601);       // SIPI, vector page 1
            Marks(a, esi, edi, 'A', 75);
            a.mov(__dword_ptr[0xFEE0_0310], 0x0100_0000);    // to APIC ID 1 ...
            a.mov(__dword_ptr[0xFEE0_0300], 0x40);           // ... fixed vector 0x40
            Marks(a, esi, edi, 'A', 75);
            a.Label(ref waitDone);
            a.pause();
            a.cmp(__byte_ptr[Done], 1);
            a.jne(waitDone);
            a.xor(eax, eax);
            a.@out(0xF4, eax);
            a.hlt();
        }, 0x1200);
        var image = new byte[0x200 + bsp.Length];
        ap.CopyTo(image, 0);
        handler.CopyTo(image, 0x100);
        bsp.CopyTo(image, 0x200);
        return GuestCode.WriteBytes(scratch, image);
    }

    private static string[] Run(string image, params string[] more) =>
        ["run", "--image", image, "--mode", "protected", "--entry", "0x1200", "--cpus", "2", .. more];

    private static ulong ReportedInstructions(string report)
    {
        var line = report.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith("guest instructions: ", StringComparison.Ordinal));
        return ulong.Parse(line["guest instructions: ".Length..line.IndexOf(" in ", StringComparison.Ordinal)].Replace(",", ""));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(777)]
    [InlineData(1000)]
    [InlineData(2500)]
    [InlineData(4321)]
    public void Two_cpu_run_saved_mid_way_and_resumed_prints_exactly_the_rest_and_ends_the_same(int saveAt)
    {
        var image = WriteGuest();
        var file = Path.Combine(scratch, $"smp-{saveAt}.snap");
        var whole = Cli.Run(Run(image));

        var saved = Cli.Run(Run(image, "--save-at", saveAt.ToString(), "--snapshot", file));
        var resumed = Cli.Run("resume", file);

        Assert.True(whole.Exit == 1, $"exit {whole.Exit}: {whole.Err}");
        Assert.Equal(150, whole.Out.Count(c => c == 'A'));
        Assert.Equal(150, whole.Out.Count(c => c == 'b'));
        Assert.Equal(1, whole.Out.Count(c => c == '!'));
        Assert.Equal(0, saved.Exit);
        Assert.Equal($"hvdsl run: saved snapshot {file} at instruction {saveAt}\n", saved.Err.ReplaceLineEndings("\n"));
        Assert.Equal(whole.Out, saved.Out + resumed.Out);
        Assert.Equal(whole.Exit, resumed.Exit);
        Assert.Equal(ReportedInstructions(whole.Err), (ulong)saveAt + ReportedInstructions(resumed.Err));
    }
}
