DROP TABLE warning_notices;
DROP TABLE notifications;
DROP TABLE extension_requests;
DROP TABLE issue_urges;
