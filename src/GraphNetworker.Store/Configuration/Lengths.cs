namespace GraphNetworker.Store.Configuration;

/// <summary>
/// Column lengths shared by the model. Keys stay within SQL Server's 900-byte clustered-key limit
/// (mailbox 64 + person or folder 380 characters, two bytes each).
/// </summary>
internal static class Lengths
{
    public const int MailboxId = 64;
    public const int Key = 380;
    public const int GraphId = 512;
    public const int Address = 320;
    public const int Name = 256;
    public const int Error = 2000;
    public const int Subject = 255;
}
