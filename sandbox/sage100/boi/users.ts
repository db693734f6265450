// Sage users (system level, MAS_SYSTEM): logon, internal UserKey used in audit stamps, rights per UI task.

export interface SimUser {
  logon: string;
  /** 10-char internal key written to UserCreatedKey/UserUpdatedKey. */
  key: string;
  name: string;
  password: string;
  /** "*" = every task; otherwise lower-case task names the role grants. */
  rights: "*" | string[];
  /** Role security event "Allow Out-of-Balance Journal Entries". */
  allowOutOfBalance: boolean;
}

export function defaultUsers(): SimUser[] {
  return [
    {
      logon: "LEDGERLINK",
      key: "0000000002",
      name: "Ledgerlink integration",
      password: "ledgerlink",
      rights: "*",
      allowOutOfBalance: false,
    },
    {
      logon: "ADMIN",
      key: "0000000001",
      name: "Administrator",
      password: "admin",
      rights: "*",
      allowOutOfBalance: true,
    },
    {
      logon: "READONLY",
      key: "0000000003",
      name: "Inquiry only",
      password: "readonly",
      rights: ["so_salesorderhistoryinquiry_ui", "im_iteminquiry_ui"],
      allowOutOfBalance: false,
    },
  ];
}

export function userHasRight(user: SimUser, taskName: string): boolean {
  return user.rights === "*" || user.rights.includes(taskName.toLowerCase());
}
