const storage = {
  damaged: {
    title: 'The kiosk database is damaged',
    copyKept: 'The kiosk has not changed anything. A copy of the damaged files is kept in <path/>.',
    restoreTitle: 'Restore a backup',
    noBackup: 'There is no backup to restore.',
    taken: 'Taken',
    requests: 'Requests',
    action: 'Action',
    newest: ' (newest)',
    restore: 'Restore this backup',
    afterBackup: 'Requests captured after the backup was taken are not in it; capture them again from their devices.',
    freshTitle: 'Start with an empty database',
    freshText: 'The queue, the responses, the connections and the audit trail start empty. The copy of the damaged files stays where it is.',
    freshConfirm: 'Yes, start with an empty database',
    cancel: 'Cancel',
    freshAsk: 'Start with an empty database…',
  },
};
export default storage;
