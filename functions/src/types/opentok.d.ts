// Declarations for the parts of the `opentok` package (2.23) that this
// backend uses; the package ships no types of its own.
declare module "opentok" {
  namespace OpenTok {
    interface Session {
      sessionId: string;
    }

    interface SessionOptions {
      mediaMode?: "routed" | "relayed";
      archiveMode?: "manual" | "always";
    }

    interface TokenOptions {
      role?: "publisher" | "subscriber" | "moderator" | "publisheronly";
      expireTime?: number;
      expire_time?: number;
      data?: string;
    }
  }

  class OpenTok {
    constructor(
      apiKey: string,
      apiSecret: string,
      options?: { apiUrl?: string; timeout?: number },
    );
    createSession(
      options: OpenTok.SessionOptions,
      callback: (error: Error | null, session?: OpenTok.Session) => void,
    ): void;
    generateToken(sessionId: string, options?: OpenTok.TokenOptions): string;
  }

  export = OpenTok;
}
