import os
SECRET_KEY = os.environ["SECRET_KEY"]
PASSWORD_MIN_LENGTH = 12
API_KEY_HEADER = "X-Api-Key"
password = getpass.getpass()
